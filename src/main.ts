// `npm start`: read the environment once, start, stop cleanly on a signal.
import { startApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/embedded.js';
import { createLogger } from './log.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  // A clean stop lets the jobs finish their transaction and releases the data folder's lock. It is bounded: a stop
  // that hangs (a Slack call that never answers) must not leave a process a supervisor has to SIGKILL, and a second
  // signal means "now". The handlers are in place before start-up: with Node's default, a Ctrl-C during the seconds
  // of initdb and migrations ended the process at once and left the embedded PostgreSQL it had just started running.
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  let stopping = false;
  const shutdown = (running: NonNullable<typeof app>) => {
    setTimeout(() => {
      log.error('did not stop within 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    running.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, 'stop failed');
        process.exit(1);
      },
    );
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, app ? 'stopping' : 'stopping once start-up is done');
    if (app) shutdown(app);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    app = await startApp(config, log);
    if (stopping) return shutdown(app);
    process.stdout.write(`contract-desk ready at ${app.url}\n`);
    if (app.sandbox) {
      process.stdout.write(`Slack sandbox (no Slack tokens set): open ${app.url}/ in your browser\n本地 Slack 沙盒：在浏览器中打开 ${app.url}/\n`);
    }
  } catch (e) {
    if (e instanceof DataDirInUseError) {
      log.error(e.message);
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    // E.g. Slack refusing the app-level token in Socket Mode: say so in one line, not as an unhandled rejection.
    log.error({ err: e }, 'start-up failed');
    process.stderr.write(`contract-desk did not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

// main() handles its own failures; it rejects only on a bug (an error loadConfig should not throw), and then Node's
// default for an unhandled rejection, the stack and exit code 1, is the right end.
void main();
