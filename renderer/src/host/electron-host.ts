/**
 * LabHost over the Electron preload bridge. The bridge already returns
 * `CallOutcome`s, so this only unwraps them into values or `HostCallError`s.
 */
import type { CallOutcome, EventName, EventPayloads, MethodArgs, MethodName, MethodResult, PreloadBridge } from '../../../electron/common/api';
import { HostCallError, type ConnectionState, type LabHost } from './lab-host';

export class ElectronHost implements LabHost {
  readonly kind = 'electron' as const;
  readonly role = 'owner' as const;
  /** IPC to our own main process cannot drop the way a socket can. */
  readonly connection = {
    state: 'open' as ConnectionState,
    subscribe(listener: (state: ConnectionState) => void): () => void {
      listener('open');
      return () => {};
    },
  };

  constructor(private readonly bridge: PreloadBridge) {}

  async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    // The bridge's mapped type loses the link between M and its entry; restore it.
    const invoke = this.bridge.methods[method] as unknown as ((args: MethodArgs<M>) => Promise<CallOutcome<MethodResult<M>>>) | undefined;
    if (typeof invoke !== 'function') {
      throw new HostCallError({ code: 'unknownMethod', messageKey: 'error.unknownMethod', params: { method } });
    }
    let outcome: CallOutcome<MethodResult<M>>;
    try {
      outcome = await invoke(args);
    } catch (error) {
      throw new HostCallError({
        code: 'internal',
        messageKey: 'error.internal',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    if (outcome.ok) return outcome.value;
    throw new HostCallError(outcome.error);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const subscribe = this.bridge.events[event] as unknown as (listener: (payload: EventPayloads[E]) => void) => () => void;
    return subscribe(listener);
  }

  async openExternal(url: string): Promise<void> {
    // Main checks the allow-list and opens the system browser itself.
    await this.call('app.openExternal', { url });
  }
}
