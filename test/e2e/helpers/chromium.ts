/**
 * Starts Debian's headless Chromium for the end-to-end tests (the HTML report here,
 * the Excel task pane elsewhere), with the network-chatty background services off.
 * Each launch runs on a fresh, throwaway profile: playwright-core's launch() creates
 * a new temporary --user-data-dir itself and deletes it on close (it refuses a
 * --user-data-dir in args, which only launchPersistentContext accepts). Without Chromium
 * it throws what to install (system-tools.ts): the test fails, it does not pass unchecked.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, requireTool } from './system-tools';

export const CHROMIUM_PATH = CHROMIUM.path;

/** A headless Chromium on a fresh profile; close it when done. */
export async function launchChromium(): Promise<Browser> {
  requireTool(CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
