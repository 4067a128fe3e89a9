import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/**
 * apps/projector as a real child process, run from the TypeScript sources (test/support/ts-register.js),
 * so a test can kill -9 it. `name` ends up in the lease connections' application_name.
 */
export class ProjectorProcess {
  private exited: Promise<number | null>;
  private output = '';

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(env: Readonly<Record<string, string>>): ProjectorProcess {
    const child = spawn(process.execPath, ['-r', join(root, 'test/support/ts-register.js'), join(root, 'apps/projector/src/main.ts')], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ProjectorProcess(child);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`projector did not start: ${this.output}`);
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}
