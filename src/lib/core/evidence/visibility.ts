import type { Role } from '../vocabulary';
import type { FilesVisibility } from './formats';

// Who may read a unit's files. Under "everyone" every participant of the meeting (and an administrator, who sees
// every meeting); under "restricted" only the scorers (head and vice-heads), the host, an administrator, and the
// people of that unit. Pure.

export interface FileReader {
	/** Null for an administrator who is not a participant. */
	role: Role | null;
	unitId: number | null;
	isAdmin: boolean;
}

export function mayReadUnitFiles(reader: FileReader, visibility: FilesVisibility, unitId: number): boolean {
	if (reader.isAdmin) return true;
	if (reader.role === null) return false;
	if (visibility === 'everyone') return true;
	if (reader.role === 'host' || reader.role === 'head' || reader.role === 'vice_head') return true;
	return reader.unitId === unitId;
}
