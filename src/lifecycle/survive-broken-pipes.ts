// Imported by cli.tsx. When the reader of the console's output goes away (`backfill ... | head -1`, a log
// shipper that dies, a closed SSH link), a write fails with EPIPE as an 'error' event; unhandled, that event
// ends the process in the middle of a run and leaves its lock behind. The run is what matters: its record and
// logs are on disk and its exit code stays its own, so output that cannot be delivered is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {});
}
