import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` while `active`; frozen otherwise, so a finished run stops re-rendering. */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
