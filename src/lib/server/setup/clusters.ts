import type { ClusterDetails, Layout } from '$lib/core/setup/details';
import { slugify } from '$lib/core/import/units';
import type { DB } from '../db/open';
import { serializable } from '../db/serializable';

// Clusters and their member units. Units are never deleted: a unit that leaves is marked inactive and stays in the
// meetings it took part in.

export interface ClusterListing {
	id: number;
	name: string;
	shortName: string | null;
	parent: string | null;
	layout: Layout;
	unitCount: number;
}

export async function listClusters(db: DB): Promise<ClusterListing[]> {
	const rows = await db
		.selectFrom('clusters')
		.leftJoin('units', (join) => join.onRef('units.cluster_id', '=', 'clusters.id').on('units.active', '=', 1))
		.select((eb) => [
			'clusters.id',
			'clusters.name',
			'clusters.short_name',
			'clusters.parent',
			'clusters.layout',
			eb.fn.count<number>('units.id').as('unit_count')
		])
		.groupBy('clusters.id')
		.orderBy('clusters.name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		shortName: r.short_name,
		parent: r.parent,
		layout: r.layout,
		unitCount: Number(r.unit_count)
	}));
}

export async function findCluster(db: DB, clusterId: number): Promise<ClusterListing | undefined> {
	return (await listClusters(db)).find((c) => c.id === clusterId);
}

export async function createCluster(db: DB, details: ClusterDetails): Promise<number> {
	const { id } = await db
		.insertInto('clusters')
		.values({
			name: details.name,
			short_name: details.shortName || null,
			parent: details.parent,
			layout: details.layout,
			name_en: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export async function updateCluster(db: DB, clusterId: number, details: ClusterDetails): Promise<void> {
	await db
		.updateTable('clusters')
		.set({
			name: details.name,
			short_name: details.shortName || null,
			parent: details.parent,
			layout: details.layout
		})
		.where('id', '=', clusterId)
		.execute();
}

export interface ClusterUnit {
	id: number;
	slug: string;
	name: string;
	shortName: string;
	active: boolean;
}

export async function listClusterUnits(db: DB, clusterId: number): Promise<ClusterUnit[]> {
	const rows = await db
		.selectFrom('units')
		.selectAll()
		.where('cluster_id', '=', clusterId)
		.orderBy('position')
		.execute();
	return rows.map((u) => ({ id: u.id, slug: u.slug, name: u.name, shortName: u.short_name, active: u.active === 1 }));
}

export interface NewUnit {
	name: string;
	shortName: string;
	slug?: string;
}

export type AddUnitsResult = { ok: true; ids: number[] } | { ok: false; duplicates: string[] };

/**
 * Adds units to a cluster, all or none. A unit whose slug the cluster already has is reported, not added twice; a
 * unit that had left and comes back is made active again rather than duplicated.
 */
export async function addUnits(db: DB, clusterId: number, units: readonly NewUnit[]): Promise<AddUnitsResult> {
	return serializable(db, async (trx) => {
		const existing = await trx
			.selectFrom('units')
			.select(['id', 'slug', 'active', 'position'])
			.where('cluster_id', '=', clusterId)
			.execute();
		const bySlug = new Map(existing.map((u) => [u.slug, u]));
		const planned = units.map((unit) => ({ ...unit, slug: unit.slug || slugify(unit.shortName || unit.name) }));
		const seen = new Set<string>();
		const duplicates = planned.filter((unit) => {
			const taken = seen.has(unit.slug) || bySlug.get(unit.slug)?.active === 1;
			seen.add(unit.slug);
			return taken;
		});
		if (duplicates.length > 0) return { ok: false, duplicates: duplicates.map((u) => u.name) } as const;

		let position = Math.max(-1, ...existing.map((u) => u.position)) + 1;
		const ids: number[] = [];
		for (const unit of planned) {
			const returning = bySlug.get(unit.slug);
			if (returning) {
				await trx
					.updateTable('units')
					.set({ active: 1, name: unit.name, short_name: unit.shortName })
					.where('id', '=', returning.id)
					.execute();
				ids.push(returning.id);
				continue;
			}
			const { id } = await trx
				.insertInto('units')
				.values({
					cluster_id: clusterId,
					slug: unit.slug,
					name: unit.name,
					short_name: unit.shortName,
					position: position++
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			ids.push(id);
		}
		return { ok: true, ids } as const;
	});
}

export async function setUnitActive(db: DB, clusterId: number, unitId: number, active: boolean): Promise<void> {
	await db
		.updateTable('units')
		.set({ active: active ? 1 : 0 })
		.where('id', '=', unitId)
		.where('cluster_id', '=', clusterId)
		.execute();
}
