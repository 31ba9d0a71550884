import { Menu, nativeImage, Tray } from 'electron';
import { pendingText } from './tray-text.js';

// A 16×16 ring, drawn once as PNG (no image file to ship or lose).
const ICON =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAQ0lEQVR4nGOwjr7NQAnGJvifAMZrACHNGIaQoxnFEFyacfkZQx02CUIBR7QBuFw1kgwgOxDJikaKExJVkjJVMhPJGAAcYPCQ4xLndQAAAABJRU5ErkJggg==';

/**
 * The tray icon: shows how many consent prompts wait (the title next to the icon on macOS, the tooltip
 * and menu elsewhere); clicking it or "Open" shows the window.
 */
export function createTray(actions: { open: () => void; quit: () => void }): { setPending(count: number): void; destroy(): void } {
  const tray = new Tray(nativeImage.createFromBuffer(Buffer.from(ICON, 'base64')));
  const render = (count: number) => {
    const text = pendingText(count);
    tray.setToolTip(text.tooltip);
    if (process.platform === 'darwin') tray.setTitle(text.title);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text.menu, enabled: count > 0, click: actions.open },
        { label: 'Open Agent Hub', click: actions.open },
        { type: 'separator' },
        { label: 'Quit (stops every server)', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.open);
  render(0);
  return { setPending: render, destroy: () => tray.destroy() };
}
