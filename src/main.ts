// `npm start`: read the environment once, start, stop cleanly on a signal.
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/dir-lock.js';
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
    const stop = async (signal: string) => {
      log.info({ signal }, 'stopping');
      await app.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      log.error(e.message);
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

void main();
