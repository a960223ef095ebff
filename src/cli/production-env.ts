// Imported first by cli.tsx, before React loads: React's development build records a performance entry
// for every render and never clears them, which grows without bound during a long run with busy logs.
process.env.NODE_ENV ??= 'production';
