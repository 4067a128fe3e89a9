import { Presets, SingleBar } from 'cli-progress';
import type { ImportProgress } from '../commands/import-prices.command';

/** A bar on a terminal (on stderr, so stdout keeps only the report); plain lines when piped or in CI logs. */
export function importProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function barProgress(stream: NodeJS.WriteStream): ImportProgress {
  const bar = new SingleBar({ stream, format: 'importing prices [{bar}] {value}/{total} ({percentage}%) eta {eta}s', hideCursor: true }, Presets.shades_classic);
  return {
    start: (total) => bar.start(total, 0),
    advance: (imported) => bar.update(imported),
    stop: () => bar.stop(),
  };
}

function lineProgress(stream: NodeJS.WriteStream): ImportProgress {
  let total = 0;
  return {
    start: (count) => {
      total = count;
      stream.write(`importing ${count} prices…\n`);
    },
    advance: (imported) => stream.write(`  ${imported}/${total} imported\n`),
    stop: () => undefined,
  };
}
