/**
 * The few strings main shows itself (menu labels, crash dialogs), in both UI
 * locales. The `Record<Locale, MainStrings>` type makes a missing translation a
 * type error; everything else the learner reads is translated in the renderer.
 */
import type { Locale } from '../common/api.js';

export interface MainStrings {
  menu: {
    file: string;
    quit: string;
    edit: string;
    undo: string;
    redo: string;
    cut: string;
    copy: string;
    paste: string;
    selectAll: string;
    view: string;
    reload: string;
    forceReload: string;
    toggleDevTools: string;
    resetZoom: string;
    zoomIn: string;
    zoomOut: string;
    toggleFullScreen: string;
    help: string;
    about: string;
    documentation: string;
  };
  dialogs: {
    reload: string;
    quit: string;
    wait: string;
    continue: string;
    rendererGoneTitle: string;
    rendererGoneMessage: string;
    gpuGoneTitle: string;
    gpuGoneMessage: string;
    unresponsiveTitle: string;
    unresponsiveMessage: string;
    startupFailedTitle: string;
    startupFailedMessage: string;
  };
}

export const MAIN_STRINGS: Readonly<Record<Locale, MainStrings>> = {
  en: {
    menu: {
      file: '&File',
      quit: 'Quit',
      edit: '&Edit',
      undo: 'Undo',
      redo: 'Redo',
      cut: 'Cut',
      copy: 'Copy',
      paste: 'Paste',
      selectAll: 'Select All',
      view: '&View',
      reload: 'Reload',
      forceReload: 'Force Reload',
      toggleDevTools: 'Toggle Developer Tools',
      resetZoom: 'Actual Size',
      zoomIn: 'Zoom In',
      zoomOut: 'Zoom Out',
      toggleFullScreen: 'Toggle Full Screen',
      help: '&Help',
      about: 'About AIGC Lab',
      documentation: 'Documentation',
    },
    dialogs: {
      reload: 'Reload',
      quit: 'Quit',
      wait: 'Wait',
      continue: 'Continue',
      rendererGoneTitle: 'The lab window stopped',
      rendererGoneMessage: 'The page inside the AIGC Lab window stopped unexpectedly. Your settings and progress are saved. Reload to continue.',
      gpuGoneTitle: 'Graphics process stopped',
      gpuGoneMessage:
        'The graphics process stopped, so AIGC Lab now draws without the GPU. Models still run. If the window looks blank, choose Reload.',
      unresponsiveTitle: 'The lab is not responding',
      unresponsiveMessage: 'The AIGC Lab window is not responding. You can wait a little longer or reload it.',
      startupFailedTitle: 'AIGC Lab could not start',
      startupFailedMessage: 'Something went wrong while AIGC Lab was starting. The details below help when reporting the problem.',
    },
  },
  'zh-CN': {
    menu: {
      file: '文件(&F)',
      quit: '退出',
      edit: '编辑(&E)',
      undo: '撤销',
      redo: '重做',
      cut: '剪切',
      copy: '复制',
      paste: '粘贴',
      selectAll: '全选',
      view: '视图(&V)',
      reload: '重新加载',
      forceReload: '强制重新加载',
      toggleDevTools: '切换开发者工具',
      resetZoom: '实际大小',
      zoomIn: '放大',
      zoomOut: '缩小',
      toggleFullScreen: '切换全屏',
      help: '帮助(&H)',
      about: '关于 AIGC Lab',
      documentation: '文档',
    },
    dialogs: {
      reload: '重新加载',
      quit: '退出',
      wait: '等待',
      continue: '继续',
      rendererGoneTitle: '实验室窗口已停止',
      rendererGoneMessage: 'AIGC Lab 窗口中的页面意外停止。你的设置和学习进度已保存。请重新加载以继续。',
      gpuGoneTitle: '图形进程已停止',
      gpuGoneMessage: '图形进程已停止，AIGC Lab 现在不使用 GPU 绘制界面，模型仍可正常运行。如果窗口显示空白，请选择“重新加载”。',
      unresponsiveTitle: '实验室无响应',
      unresponsiveMessage: 'AIGC Lab 窗口没有响应。你可以再等一会儿，或者重新加载。',
      startupFailedTitle: 'AIGC Lab 无法启动',
      startupFailedMessage: 'AIGC Lab 启动时出错。报告问题时，下面的详细信息会有帮助。',
    },
  },
};

/** @example stringsFor('zh-CN').menu.quit // → '退出' */
export function stringsFor(locale: Locale): MainStrings {
  return MAIN_STRINGS[locale];
}
