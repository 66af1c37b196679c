// A progress line on the terminal (stderr), redrawn at most ten times a second; silent when stderr
// is not a terminal (scripts, CI) so logs stay clean.
export interface Progress {
  update(label: string, done: number, total?: number): void;
  end(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, end() {} };
  let last = 0;
  let shown = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const bar =
        total && total > 0
          ? `[${'#'.repeat(Math.round((width * Math.min(done, total)) / total)).padEnd(width, '.')}] ${Math.floor((100 * done) / total)}%`
          : '';
      stream.write(
        `\r${label} ${bar} ${done.toLocaleString('en')}${total ? `/${total.toLocaleString('en')}` : ''} rows   `,
      );
    },
    end() {
      if (shown) stream.write('\n');
    },
  };
}
