// html_drive.js REPORT.html OUT.pdf [nojs] — drive the HTML report in the
// system Chromium through puppeteer-core: read the gaps table, search,
// filter, sort, print to PDF; print one JSON object with what it saw.
// Used by t_report_html_deliverable.sh; needs tests/tools/node_modules.
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require(path.join(process.env.HTA_TOOLS, 'node_modules', 'puppeteer-core'));

async function visible(page) {
	return page.$$eval('#gap-table tr.gap-row', rows => rows.filter(r => !r.hidden &&
		getComputedStyle(r).display !== 'none').map(r => ({
			id: r.cells[1].textContent.trim(), domain: r.dataset.domain,
			status: r.dataset.status, owner: r.dataset.owner,
			lost: parseFloat(r.cells[5].textContent) })));
}

(async () => {
	const [file, pdf, modes] = process.argv.slice(2);
	const mode = (modes || '').split(',')[0];
	const nopdf = (modes || '').split(',').includes('nopdf');
	const out = { console: [], errors: [] };
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
		headless: true,
	});
	try {
		const page = await browser.newPage();
		page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') out.console.push(m.text()); });
		page.on('pageerror', e => out.errors.push(String(e)));
		page.on('requestfailed', r => out.errors.push('request ' + r.url()));
		if (mode === 'nojs')
			await page.setJavaScriptEnabled(false);
		await page.goto('file://' + path.resolve(file), { waitUntil: 'load', timeout: 120000 });
		out.tools_visible = await page.$eval('#gap-tools', e => !e.hidden).catch(() => null);
		const all = await visible(page);
		out.total = all.length;
		out.rows_in_dom = await page.$$eval('#gap-table tr.gap-row', r => r.length).catch(() => 0);
		out.statements_rows = await page.$$eval('#statements tbody tr', r => r.length).catch(() => 0);
		if (mode !== 'nojs' && out.tools_visible) {
			// Search: type the third gap's id.
			const target = all[Math.min(2, all.length - 1)].id;
			await page.type('#gap-q', target);
			const found = await visible(page);
			out.search = { typed: target, ids: found.map(r => r.id),
				count_text: await page.$eval('#gap-count', e => e.textContent) };
			// Clear the search, pick a domain.
			await page.$eval('#gap-q', e => { e.value = ''; e.dispatchEvent(new Event('input')); });
			const dom = all[all.length - 1].domain;
			await page.select('#gap-domain', dom);
			const byDom = await visible(page);
			out.domain = { picked: dom, shown: byDom.length,
				all_match: byDom.every(r => r.domain === dom),
				expected: all.filter(r => r.domain === dom).length };
			await page.select('#gap-domain', '');
			// Status: CAPs only.
			await page.select('#gap-status', 'cap');
			const caps = await visible(page);
			out.status = { shown: caps.length, all_cap: caps.every(r => r.status.split(' ').includes('cap')),
				expected: all.filter(r => r.status.split(' ').includes('cap')).length };
			await page.select('#gap-status', '');
			// Owner.
			const owner = all[0].owner;
			await page.select('#gap-owner', owner);
			const own = await visible(page);
			out.owner = { picked: owner, shown: own.length, all_match: own.every(r => r.owner === owner),
				expected: all.filter(r => r.owner === owner).length };
			await page.select('#gap-owner', '');
			// Sort by "Points lost" (column 6): ascending, then descending.
			await page.click('#gap-table thead th:nth-child(6)');
			const asc = (await visible(page)).map(r => r.lost);
			await page.click('#gap-table thead th:nth-child(6)');
			const desc = (await visible(page)).map(r => r.lost);
			out.sort = { ascending: asc.every((x, i) => !i || asc[i - 1] <= x),
				descending: desc.every((x, i) => !i || desc[i - 1] >= x), rows: asc.length };
		}
		if (!nopdf) {
			await page.pdf({ path: pdf, format: 'A4', printBackground: true, timeout: 120000 });
			const bytes = fs.readFileSync(pdf, 'latin1');
			out.pdf_pages = (bytes.match(/\/Type\s*\/Page[^s]/g) || []).length;
		}
	} finally {
		await browser.close();
	}
	console.log(JSON.stringify(out));
})().catch(e => { console.log(JSON.stringify({ fatal: String(e) })); process.exit(1); });
