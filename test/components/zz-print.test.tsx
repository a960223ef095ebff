import { it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../../src/components/App.js';
import { planFor, validOptions, PARAMS } from '../state/run-fixtures.js';
import { FakeController, tick } from './fake-controller.js';
it('prints', async () => {
  const v = render(<App initialOptions={validOptions({endDate: '2024-02-30'})} skipSetup={false} validate={(o) => o.endDate === '2024-02-30' ? {ok:false, issues:[{flag:'--end-date', message:'--end-date 2024-02-30 is not a real date; use YYYY-MM-DD.'}]} : {ok:true, params: PARAMS}} preview={(p) => planFor(p)} startRun={() => new FakeController()} onExit={() => {}} />);
  await tick();
  console.log(v.lastFrame());
  v.stdin.write('\u001b[B'); await tick(); v.stdin.write('\u007f'); await tick(); v.stdin.write('1'); await tick();
  console.log(v.lastFrame());
});
