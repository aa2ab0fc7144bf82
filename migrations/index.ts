import type { Migration } from 'kysely';
import * as m001 from './001_scoring';
import * as m002 from './002_people';
import * as m003 from './003_sync';
import * as m004 from './004_ballots';
import * as m005 from './005_setup';
import * as m006 from './006_documents';
import * as m007 from './007_snapshot_vectors';
import * as m008 from './008_setup_review_started';
import * as m009 from './009_people_participation';
import * as m010 from './010_record_bytes';
import * as m011 from './011_tally_excess_notes';
import * as m012 from './012_docsign_numbers_people';
import * as m013 from './013_docreport_report_sections';
import * as m014 from './014_unit_files';
import * as m015 from './015_citations_paragraph_links';
import * as m016 from './016_sealed_papers';
import * as m017 from './017_sign_in_throttle';
import * as m018 from './018_cluster_leases';

// Listed statically (not read from the folder at run time) so that every bundle of the server carries them.
// Forward-only: a migration has `up` and no `down`. Names sort in the order they run.
export const migrations: Record<string, Migration> = {
	'001_scoring': m001,
	'002_people': m002,
	'003_sync': m003,
	'004_ballots': m004,
	'005_setup': m005,
	'006_documents': m006,
	'007_snapshot_vectors': m007,
	'008_setup_review_started': m008,
	'009_people_participation': m009,
	'010_record_bytes': m010,
	'011_tally_excess_notes': m011,
	'012_docsign_numbers_people': m012,
	'013_docreport_report_sections': m013,
	'014_unit_files': m014,
	'015_citations_paragraph_links': m015,
	'016_sealed_papers': m016,
	'017_sign_in_throttle': m017,
	'018_cluster_leases': m018
};
