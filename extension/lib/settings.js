// The user's choices from the options page, with their defaults.
import { webext } from "./compat.js";

export const DEFAULTS = { sites: { linkedin: true, x: true }, hint: true, recordAsks: true, mirror: true };

export async function loadSettings() {
  const { settings } = await webext.storage.local.get("settings");
  return { ...DEFAULTS, ...(settings ?? {}), sites: { ...DEFAULTS.sites, ...(settings?.sites ?? {}) } };
}

export async function saveSettings(settings) {
  await webext.storage.local.set({ settings });
}
