import { Document, Packer, type ISectionOptions } from 'docx';
import { documentSymbol, type DocumentModel, type DocumentType } from '$lib/core/documents';
import { headingBlock } from './heading-block';
import { styles } from './style';

// What every document shares: its heading for the layout, with its own number and symbol, and the packing into a
// .docx file. Nothing a machine stamps (when it was made, a digest): an outgoing document carries what officials
// sign, and the digest belongs to the record.

/** The heading of one document: its number in the register, the type's abbreviation, the layout's pattern. */
export function documentHeading(model: DocumentModel, number: string, type: DocumentType) {
	const symbol = documentSymbol(model.layout, number, type, model.fields.issuer);
	return headingBlock({
		layout: model.layout,
		superior: model.superior,
		cluster: model.cluster,
		number: symbol,
		place: model.fields.place,
		date: model.fields.issuedOn
	});
}

export async function pack(title: string, sections: ISectionOptions[]): Promise<Buffer> {
	const document = new Document({ creator: 'binhxet', title, styles, sections });
	return Packer.toBuffer(document);
}
