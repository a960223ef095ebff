const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `512 MiB`, `1.9 GiB`: binary units, as the JVM and Spark's UI count memory; one decimal under 10. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit > 0 && value < 10 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${UNITS[unit]}`;
}
