// Figures as Vietnamese documents print them: thousands grouped with dots, decimals after a comma ("9.434",
// "24.060", "109,1"). Pure.

export function figureText(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	const sign = value < 0 ? '-' : '';
	const [whole, fraction] = Math.abs(value).toFixed(3).replace(/0+$/, '').replace(/\.$/, '').split('.');
	const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return `${sign}${grouped}${fraction ? `,${fraction}` : ''}`;
}
