import { Text } from 'ink';

/** A bar of `width` cells for a 0..1 fraction; an empty track when the fraction is unknown. */
export function ProgressBar({ fraction, width }: { fraction: number | null; width: number }) {
  if (fraction === null) return <Text color="gray">{'░'.repeat(width)}</Text>;
  const filled = Math.round(fraction * width);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text color="gray">{'░'.repeat(width - filled)}</Text>
    </Text>
  );
}
