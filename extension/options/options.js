// Options: which sites, hint on or off, record asks on or off, the mirror on or off. Firefox (>= 127) lets users withhold host
// permissions; if they did, offer to grant them here.
import { webext } from "../lib/compat.js";
import { loadSettings, saveSettings } from "../lib/settings.js";
import { syncLine } from "../lib/sync_status.js";

const form = document.getElementById("options");
const ORIGINS = webext.runtime.getManifest().host_permissions;

async function main() {
  const settings = await loadSettings();
  form.linkedin.checked = settings.sites.linkedin;
  form.x.checked = settings.sites.x;
  form.hint.checked = settings.hint;
  form.recordAsks.checked = settings.recordAsks;
  form.mirror.checked = settings.mirror;
  form.addEventListener("change", async () => {
    await saveSettings({ sites: { linkedin: form.linkedin.checked, x: form.x.checked },
                         hint: form.hint.checked, recordAsks: form.recordAsks.checked, mirror: form.mirror.checked });
    document.getElementById("saved").textContent = "Saved.";
  });
  const granted = await webext.permissions.contains({ origins: ORIGINS });
  document.getElementById("permissions").hidden = granted;
  document.getElementById("grant").addEventListener("click", async () => {
    const ok = await webext.permissions.request({ origins: ORIGINS });
    document.getElementById("permissions").hidden = ok;
  });
}

// The sync line: the host says whether this history syncs, with which computers, and any problem.
async function showSync() {
  const line = document.getElementById("sync");
  try {
    const reply = await webext.runtime.sendMessage({ type: "sync-status" });
    if (reply?.error) throw new Error(reply.error.message ?? reply.error);
    const { text, problem } = syncLine(reply.sync);
    line.textContent = text;
    line.classList.toggle("problem", problem);
  } catch (error) {
    line.textContent = `Acquaint's host did not answer (${String(error?.message ?? error).slice(0, 200)}); run \`acquaint doctor\`.`;
    line.classList.add("problem");
  }
}

main();
showSync();
