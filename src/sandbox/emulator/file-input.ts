// Slack's file_input element, as Slack runs it: a person attaches files to a modal's file input (the client checks
// the element's filetypes and max_files and Slack's 10 MB limit), the view_submission carries Slack's file objects in
// state.values, and the app reads them through files.info and downloads url_private(_download) with the workspace's
// bot token in an Authorization header. A download without a token Slack accepts answers Slack's sign-in page (HTML),
// not the file, as it does. Numbers from the file input element's reference page (max_files 1–10, default 10; 10 MB).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EmuView, type Host, type Json, newId, SlackApiError } from './types.js';

export const FILE_INPUT = { maxFilesDefault: 10, maxFilesLimit: 10, maxBytes: 10 * 1024 * 1024 } as const;

export interface AttachedFile {
  id: string;
  teamId: string;
  user: string;
  name: string;
  mimetype: string;
  filetype: string;
  created: number;
  bytes: Buffer;
}

const MIME: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

const extOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** The file_input element with this action_id in a view's input blocks. */
function fileInputOf(view: Json, actionId: string): Json | undefined {
  for (const b of (view.blocks as Json[] | undefined) ?? []) {
    const el = b.type === 'input' ? (b.element as Json | undefined) : undefined;
    if (el?.type === 'file_input' && el.action_id === actionId) return el;
  }
  return undefined;
}

export class FileInputs {
  /** Every file people attached, by id (files.info and the downloads read it). */
  readonly files = new Map<string, AttachedFile>();
  /** What is attached to each open view's file inputs: `${viewId} ${actionId}` → file ids. */
  private attached = new Map<string, string[]>();

  constructor(
    private readonly host: Host,
    /** Whether a token is a bot token of this team: the workspace's own token, nothing else. */
    private readonly tokenOk: (token: string, teamId: string) => boolean,
  ) {}

  /**
   * A person picks a file in the open modal's file input. Refused as the Slack client refuses it: no such input, a
   * type the element does not list, more files than max_files, over 10 MB.
   */
  attach(
    teamId: string,
    view: EmuView,
    actionId: string,
    file: { name: string; bytes: Uint8Array; mimetype?: string },
    opts: { replace?: boolean } = {},
  ): Json {
    const el = fileInputOf(view.view, actionId);
    if (!el) throw new Error(`the open modal has no file_input ${actionId}`);
    const ext = extOf(file.name);
    const types = (el.filetypes as string[] | undefined)?.map((t) => t.toLowerCase());
    if (types && !types.includes(ext)) throw new Error(`file type .${ext} is not accepted here (${types.join(', ')})`);
    if (file.bytes.length > FILE_INPUT.maxBytes) throw new Error(`${file.name} is over Slack's 10 MB limit`);
    const key = `${view.id} ${actionId}`;
    const list = opts.replace ? [] : [...(this.attached.get(key) ?? [])];
    const max = Number(el.max_files ?? FILE_INPUT.maxFilesDefault);
    if (list.length >= max) throw new Error(`at most ${max} file(s) here`);
    const f: AttachedFile = {
      id: newId('F'),
      teamId,
      user: view.user,
      name: file.name,
      mimetype: file.mimetype ?? MIME[ext] ?? 'application/octet-stream',
      filetype: ext,
      created: Math.floor(Date.now() / 1000),
      bytes: Buffer.from(file.bytes),
    };
    this.files.set(f.id, f);
    list.push(f.id);
    this.attached.set(key, list);
    return this.object(f);
  }

  /** The file objects a submission carries for one file input (state.values[block][action].files). */
  stateOf(view: EmuView, actionId: string): Json[] {
    return (this.attached.get(`${view.id} ${actionId}`) ?? []).map((id) => this.object(this.files.get(id)!));
  }

  /** Slack's file object (the fields its reference page lists that an app reads). */
  object(f: AttachedFile): Json {
    const base = `${this.host.url}/files-pri/${f.teamId}-${f.id}`;
    const name = encodeURIComponent(f.name);
    return {
      id: f.id,
      created: f.created,
      timestamp: f.created,
      name: f.name,
      title: f.name,
      mimetype: f.mimetype,
      filetype: f.filetype,
      pretty_type: f.filetype.toUpperCase(),
      user: f.user,
      user_team: f.teamId,
      editable: false,
      size: f.bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: false,
      public_url_shared: false,
      url_private: `${base}/${name}`,
      url_private_download: `${base}/download/${name}`,
      permalink: `${this.host.url}/files/${f.user}/${f.id}/${name}`,
    };
  }

  /** files.info, for a call already authenticated as `teamId`'s: the file of that workspace, or file_not_found. */
  info(args: Json, teamId: string): Json {
    const f = this.files.get(String(args.file ?? ''));
    if (!f || f.teamId !== teamId) throw new SlackApiError('file_not_found');
    return { file: this.object(f), comments: [], response_metadata: { next_cursor: '' } };
  }

  /** Downloads waiting for release (holdDownloads), or null: they answer at once. */
  private held: (() => void)[] | null = null;

  /** Tests: downloads wait until the returned function is called, as over a slow network but without a clock. */
  holdDownloads(): () => void {
    this.held ??= [];
    return () => {
      const waiting = this.held ?? [];
      this.held = null;
      for (const go of waiting) go();
    };
  }

  /** `/files-pri/<team>-<file>/[download/]<name>`: the bytes for the workspace's bot token; else the sign-in page. */
  serve(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (this.held) {
      this.held.push(() => this.serve(path, req, res));
      return;
    }
    const m = /^\/files-pri\/([A-Z0-9]+)-(F[A-Z0-9]+)\/(download\/)?[^/]+$/.exec(path);
    const f = m ? this.files.get(m[2]!) : undefined;
    const token = bearer(req.headers.authorization);
    if (!f || f.teamId !== m![1] || !this.tokenOk(token, f.teamId)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Sign in | Slack</title></head><body>Sign in to your workspace</body></html>');
      return;
    }
    const disposition = m![3] ? 'attachment' : 'inline';
    res.writeHead(200, {
      'content-type': f.mimetype,
      'content-length': f.bytes.length,
      'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    });
    res.end(f.bytes);
  }
}

export const bearer = (header: string | string[] | undefined): string => /^Bearer\s+(\S+)$/i.exec(String(header ?? ''))?.[1] ?? '';
