// A stand-in for the parts of Electron's main-process API that electron/main uses,
// recording every call in order. Only for tests/unit/main/main-bundle.test.ts: it lets
// the real dist bundle run its start-up, IPC, protocol and quit paths without the binary.
// utilityProcess.fork is emulated with child_process.fork, so real jobs run in the real worker.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

export const log = [];
const record = (name, ...args) => log.push({ name, args });
export const handlers = { ipc: {} };

let markReady;
const ready = new Promise((resolve) => (markReady = resolve));

class App extends EventEmitter {
  isPackaged = false;
  paths = { appData: join(process.env.FAKE_ELECTRON_HOME ?? '/tmp', 'appData') };
  setPath(name, value) {
    record('app.setPath', name, value);
    this.paths[name] = value;
  }
  getPath(name) {
    return this.paths[name] ?? join(this.paths.appData, name);
  }
  enableSandbox() {
    record('app.enableSandbox');
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  whenReady() {
    record('app.whenReady');
    return ready;
  }
  getVersion() {
    return '45.4.1';
  }
  async getGPUInfo(kind) {
    record('app.getGPUInfo', kind);
    return { gpuDevice: [{ active: true, vendorId: 0x10de, deviceId: 0x2684, driverVersion: '550.54' }] };
  }
  quit() {
    record('app.quit');
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('will-quit', event);
    if (!event.defaultPrevented) record('app.quitted');
  }
  exit(code) {
    record('app.exit', code);
  }
}
export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
  },
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(listener) {
        record('session.webRequest.onHeadersReceived');
        handlers.headers = listener;
      },
    },
    setPermissionRequestHandler(handler) {
      record('session.setPermissionRequestHandler');
      handlers.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler) {
      record('session.setPermissionCheckHandler');
      handlers.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler) {
      record('session.setDevicePermissionHandler');
      handlers.device = handler;
    },
    protocol: {
      handle(scheme, handler) {
        record('session.protocol.handle', scheme);
        handlers.protocol = handler;
      },
    },
  },
};

export const ipcMain = {
  handle(channel, handler) {
    record('ipcMain.handle', channel);
    handlers.ipc[channel] = handler;
  },
  removeHandler(channel) {
    delete handlers.ipc[channel];
  },
};

class WebContents extends EventEmitter {
  url = '';
  sent = [];
  loadURL(url) {
    record('webContents.loadURL', url);
    this.url = url;
    return Promise.resolve();
  }
  getURL() {
    return this.url;
  }
  send(channel, ...args) {
    this.sent.push([channel, ...args]);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler) {
    record('webContents.setWindowOpenHandler');
    this.windowOpenHandler = handler;
  }
  reload() {
    record('webContents.reload');
  }
  forcefullyCrashRenderer() {}
}

export class BrowserWindow extends EventEmitter {
  static windows = [];
  static getAllWindows() {
    return BrowserWindow.windows;
  }
  constructor(options) {
    super();
    record('new BrowserWindow', options);
    this.options = options;
    this.webContents = new WebContents();
    BrowserWindow.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return { x: 40, y: 30, width: 1111, height: 777 };
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  maximize() {}
  restore() {}
  show() {
    record('window.show');
  }
  focus() {
    record('window.focus');
  }
}

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    record('Menu.setApplicationMenu');
    handlers.menu = menu.template;
  },
};

export const dialog = {
  async showMessageBox() {
    record('dialog.showMessageBox');
    return { response: 0 };
  },
  showErrorBox(title, message) {
    record('dialog.showErrorBox', title, message);
  },
};

export const shell = {
  async openExternal(url) {
    record('shell.openExternal', url);
  },
};

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const nativeTheme = { shouldUseDarkColors: false };

export const utilityProcess = {
  fork(modulePath, args, options) {
    record('utilityProcess.fork', modulePath, options.serviceName);
    const child = fork(modulePath, args, { serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env: options.env });
    const emulated = new EventEmitter();
    emulated.pid = child.pid;
    emulated.stderr = child.stderr;
    emulated.postMessage = (message) => child.send(message);
    emulated.kill = () => child.kill();
    child.on('message', (message) => emulated.emit('message', message));
    child.on('exit', (code) => emulated.emit('exit', code ?? 1));
    return emulated;
  },
};

/** Resolves `app.whenReady()`. */
export function becomeReady() {
  record('(ready)');
  markReady();
}
