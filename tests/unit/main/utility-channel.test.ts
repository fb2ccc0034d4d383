/** The utility-process WorkerChannel against a fake process: messages, exit reasons, kill. */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { UtilityProcess } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { utilityChannel } from '../../../electron/main/utility-channel';

function fakeChild(pid: number | null = 4242) {
  const emitter = new EventEmitter();
  const stderr = new PassThrough();
  const child = Object.assign(emitter, { pid: pid ?? undefined, stderr, postMessage: vi.fn(), kill: vi.fn(() => true) });
  return child;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('utilityChannel', () => {
  it('posts to the process and hands its messages on', () => {
    const child = fakeChild();
    const channel = utilityChannel(child as unknown as UtilityProcess);
    const received = vi.fn();
    channel.onMessage(received);
    channel.post({ type: 'cancel', jobId: 'j1' });
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'cancel', jobId: 'j1' });
    child.emit('message', { type: 'end', jobId: 'j1', status: 'cancelled' });
    expect(received).toHaveBeenCalledWith({ type: 'end', jobId: 'j1', status: 'cancelled' });
  });

  it('reports an exit once, with the last error line from stderr, and stops posting', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const child = fakeChild();
    const channel = utilityChannel(child as unknown as UtilityProcess);
    const exits = vi.fn();
    channel.onExit(exits);
    child.stderr.write('loading model\nError: onnxruntime could not allocate\n');
    await new Promise((resolve) => setImmediate(resolve));
    child.emit('exit', 134);
    child.emit('error', 'FatalError', 'somewhere', '{}');
    expect(exits.mock.calls).toEqual([['job worker exited (code 134): Error: onnxruntime could not allocate']]);
    channel.post({ type: 'cancel', jobId: 'j' });
    expect(child.postMessage).not.toHaveBeenCalled();
  });

  it('reports a fatal error as an exit', () => {
    const child = fakeChild();
    const channel = utilityChannel(child as unknown as UtilityProcess);
    const exits = vi.fn();
    channel.onExit(exits);
    child.emit('error', 'FatalError', 'v8::Isolate', 'report');
    expect(exits).toHaveBeenCalledWith('job worker failed: FatalError at v8::Isolate');
  });

  it.skipIf(process.platform === 'win32')('kills with SIGKILL by pid, falling back to kill()', () => {
    const child = fakeChild(4242);
    const signal = vi.fn();
    utilityChannel(child as unknown as UtilityProcess, signal).kill();
    expect(signal).toHaveBeenCalledWith(4242);
    expect(child.kill).not.toHaveBeenCalled();

    const gone = fakeChild(4243);
    utilityChannel(gone as unknown as UtilityProcess, () => {
      throw new Error('ESRCH');
    }).kill();
    expect(gone.kill).toHaveBeenCalled();

    const unspawned = fakeChild(null);
    utilityChannel(unspawned as unknown as UtilityProcess, signal).kill();
    expect(unspawned.kill).toHaveBeenCalled();
  });

  it('does nothing on kill after the process is gone', () => {
    const child = fakeChild();
    const signal = vi.fn();
    const channel = utilityChannel(child as unknown as UtilityProcess, signal);
    child.emit('exit', 0);
    channel.kill();
    expect(signal).not.toHaveBeenCalled();
    expect(child.kill).not.toHaveBeenCalled();
  });
});
