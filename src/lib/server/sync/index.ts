// The live board's sync hub: a y-websocket-protocol server for Yjs documents, with every accepted update committed
// to the database (SQLite or PostgreSQL, see store.ts) before anyone else receives it. Independent of HTTP routing and of sign-in: the server passes upgrade
// requests to handleUpgrade() and decides access in the authorize callback.
export { createSyncHub } from './hub';
export { CloseCode } from './protocol';
export { openSyncStore } from './open-store';
export type { GroupHooks, StoredLogRow, SyncStore } from './store';
export type { Authorize, AuthorizeRefusal, DocumentAccess, SizeLimits, SyncHub, SyncHubOptions } from './types';
