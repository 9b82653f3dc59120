import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the mail the e2e server wrote (the default file transport: one .eml per message in
 * {data dir}/mail; scripts/e2e-server.sh records the data dir). Enough MIME for Docket's own
 * messages: headers, and quoted-printable or plain text parts.
 */
function mailDir(): string {
  const dataDir = readFileSync(join(__dirname, '..', '.auth', 'data-dir'), 'utf8').trim();
  return join(dataDir, 'mail');
}

function decodeQuotedPrintable(body: string): string {
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** Every message to `to`, oldest first, as decoded text. */
export function mailsTo(to: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(mailDir()).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files
    .map((f) => join(mailDir(), f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((f) => decodeQuotedPrintable(readFileSync(f, 'utf8')))
    .filter((m) => new RegExp(`^To: .*${to.replace(/[.]/g, '\\.')}`, 'mi').test(m));
}

/** Waits for the `count`-th mail to `to` and returns the first link in it to `path`. */
export async function linkInMail(to: string, path: string, count = 1): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const mails = mailsTo(to);
    if (mails.length >= count) {
      const match = mails[count - 1].match(new RegExp(`https?://[^\\s"<>]*${path}[^\\s"<>]*`));
      if (!match) throw new Error(`no link to ${path} in mail to ${to}`);
      return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail #${count} to ${to}`);
}
