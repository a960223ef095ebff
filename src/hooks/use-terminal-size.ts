import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  rows: number;
  columns: number;
}

// Streams that are not terminals (tests, pipes) report no size; draw as on a classic 80x24.
const FALLBACK: TerminalSize = { rows: 24, columns: 80 };

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
  return { rows: stdout.rows || FALLBACK.rows, columns: stdout.columns || FALLBACK.columns };
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
