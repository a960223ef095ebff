import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` while `active`; frozen otherwise, so a finished run stops re-rendering. */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    // On the whole second, where progress and the ETA land too (event-batcher, eta-sampler): one redraw a second.
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
