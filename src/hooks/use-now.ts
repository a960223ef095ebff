import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` while `active`; frozen otherwise, so a finished run stops re-rendering. */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    // On the whole second: one redraw a second. A live run's screen reads the clock of the screen's tick instead
    // (screen-tick.ts, the store's clockMs); this one only stands in until its first tick.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs));
    };
    timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs));
    return () => clearTimeout(timer);
  }, [active, intervalMs]);
  return now;
}
