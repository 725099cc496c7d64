// `npm start`: read the environment once, start, stop cleanly on a signal.
import { ConfigError, loadConfig } from './config.js';
import { DataDirInUseError } from './db/embedded.js';
import { startApp } from './app.js';
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
  try {
    const app = await startApp(config, log);
    process.stdout.write(`contract-desk ready at ${app.url}\n`);
    if (app.sandbox) {
      process.stdout.write(`Slack sandbox (no Slack tokens set): open ${app.url}/ in your browser\n本地 Slack 沙盒：在浏览器中打开 ${app.url}/\n`);
    }
    // A clean stop lets the jobs finish their transaction and releases the data folder's lock. It is bounded: a
    // stop that hangs (a Slack call that never answers) must not leave a process a supervisor has to SIGKILL, and a
    // second signal means "now".
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      log.info({ signal }, 'stopping');
      setTimeout(() => {
        log.error('did not stop within 15 s; exiting');
        process.exit(1);
      }, 15_000).unref();
      app.stop().then(
        () => process.exit(0),
        (e: unknown) => {
          log.error({ err: e }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
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

void main();
