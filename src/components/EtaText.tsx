import { Text } from 'ink';
import type { Eta } from '../eta/estimate.js';
import { formatDuration } from '../text/duration.js';

/** `ETA 3m05s (rate)`, or `(history)` while the estimate comes from earlier runs. */
export function etaText(eta: Eta): string {
  return `ETA ${formatDuration(eta.remainingMs)} (${eta.source})`;
}

export function EtaText({ eta }: { eta: Eta | undefined }) {
  if (!eta) return null;
  return <Text color={eta.source === 'history' ? 'gray' : undefined}>{etaText(eta)}</Text>;
}
