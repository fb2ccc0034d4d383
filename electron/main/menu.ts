/** Installs the application menu from menu-template.ts in the learner's language. */
import { Menu } from 'electron';
import { buildMenuTemplate, type MenuTemplateOptions } from './menu-template.js';

export function installMenu(options: MenuTemplateOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)));
}
