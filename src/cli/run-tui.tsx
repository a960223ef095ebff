import { render } from 'ink';
import { App } from '../components/App.js';
import type { BackfillOptions } from '../config/options.js';
import { validateOptions, type ValidationEnvironment } from '../config/validate.js';
import { buildPlan } from '../runner/plan.js';
import { Runner } from '../runner/runner.js';
import type { RunParams } from '../runner/types.js';

export interface TuiInvocation {
  initialOptions: BackfillOptions;
  skipSetup: boolean;
  environment: () => ValidationEnvironment;
}

const ABORTED_EXIT_CODE = 130;

/** Renders the TUI. The runner lives here, outside the components: they only see its controller. */
export function runTui({ initialOptions, skipSetup, environment }: TuiInvocation): Promise<number> {
  let runner: Runner | undefined;

  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = async (code: number) => {
      if (finished) return;
      finished = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      instance.unmount();
      process.stdout.write('\n'); // keep the shell prompt off the footer line
      // Quitting never leaves a spark-submit behind: wait until the runner has stopped its processes.
      await runner?.whenIdle();
      resolve(code);
    };

    // A signal from outside (kill, a closed SSH link) aborts the run the way `a` does, then exits.
    const onSignal = () => {
      if (!runner) return void finish(ABORTED_EXIT_CODE);
      runner.send({ type: 'abort' });
      void runner.whenIdle().then(() => finish(ABORTED_EXIT_CODE));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);

    const startRun = (params: RunParams) => {
      const started = new Runner(buildPlan(params));
      runner = started;
      // Started after the App has subscribed to the controller returned here, so it sees run-started.
      queueMicrotask(() => void started.start());
      return started;
    };

    const instance = render(
      <App
        initialOptions={initialOptions}
        skipSetup={skipSetup}
        validate={(options) => validateOptions(options, environment())}
        preview={(params) => buildPlan(params)}
        startRun={startRun}
        onExit={(code) => void finish(code)}
      />,
      { exitOnCtrlC: false, patchConsole: true, maxFps: 15 },
    );
  });
}
