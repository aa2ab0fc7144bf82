import { Document, Packer, type ISectionOptions, type Paragraph } from 'docx';
import { madeLine, shortMoment, type DocumentModel } from '$lib/core/documents';
import { headingBlock } from './heading-block';
import { SIZE, para, styles } from './style';

// What every document shares: its heading for the layout, the closing line that says who chaired and when it was
// made, and the packing into a .docx file.

export function documentHeading(model: DocumentModel, number: string) {
	return headingBlock({ layout: model.layout, superior: model.superior, cluster: model.cluster, number, place: model.fields.place, date: model.fields.issuedOn });
}

export function madeParagraph(model: DocumentModel): Paragraph {
	const line = madeLine({ fields: model.fields, draft: model.draft, madeAtText: shortMoment(model.madeAt) });
	const digest = model.digest ? ` Mã kiểm tra biên bản (SHA-256): ${model.digest}.` : '';
	return para(`${line}${digest}`, { italic: true, size: SIZE.small, indent: false, before: 240 });
}

export async function pack(title: string, sections: ISectionOptions[]): Promise<Buffer> {
	const document = new Document({ creator: 'binhxet', title, styles, sections });
	return Packer.toBuffer(document);
}
