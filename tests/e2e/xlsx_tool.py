#!/usr/bin/env python3
"""xlsx_tool.py — small XLSX files for t_workbook.sh, written by hand with
zipfile so that each can hold exactly the oddity a test needs (cells
without `r`, inline strings, a DTD, a shared-string index out of range, a
part that inflates past the limit, a million rows) — and a reader for what
export wrote.

  xlsx_tool.py from-csv IN.csv OUT.xlsx [--inline] [--no-refs] [--sheet NAME]
  xlsx_tool.py sheet OUT.xlsx SHEET_XML_FILE [SST_XML_FILE]
  xlsx_tool.py bomb OUT.xlsx MIB [--lie]
  xlsx_tool.py rows OUT.xlsx N
  xlsx_tool.py info IN.xlsx        (sheets, pane, validations, hidden cols)
"""
import csv
import io
import re
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'


def colname(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def package(out, sheet_xml, sst_xml=None, sheet='Statements', sheet_bytes=None):
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>' % RNS)
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" xmlns:r="%s">'
          '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
          % (NS, RNS, escape(sheet, {'"': '&quot;'})))
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>' % (RNS, RNS))
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', rels)
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/_rels/workbook.xml.rels', wbrels)
        if sst_xml is not None:
            z.writestr('xl/sharedStrings.xml', sst_xml)
        if sheet_bytes is not None:
            with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
                for chunk in sheet_bytes:
                    f.write(chunk)
        else:
            z.writestr('xl/worksheets/sheet1.xml', sheet_xml)


def from_csv(inp, out, inline, refs, sheet):
    rows = list(csv.reader(open(inp, newline='', encoding='utf-8')))
    strings, index = [], {}
    body = []

    def value(v):
        if inline:
            return ' t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % escape(v)
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        return ' t="s"><v>%d</v></c>' % index[v]
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            if refs and v:  # only the cells that hold something, each with its reference
                cells.append('<c r="%s%d"%s' % (colname(c), r, value(v)))
            elif not refs:  # every cell in order, no references (the next column each)
                cells.append('<c%s' % value(v) if v else '<c/>')
        body.append('<row%s>%s</row>' % (' r="%d"' % r if refs else '', ''.join(cells)))
    sheet_xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>%s'
                 '</sheetData></worksheet>' % (NS, ''.join(body)))
    sst = None
    if not inline:
        sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
               % (NS, len(strings), len(strings),
                  ''.join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in strings)))
    package(out, sheet_xml, sst, sheet)


def bomb(out, mib, lie):
    head = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>manifest sha256</t></is></c></row>' % NS).encode()
    pad = (b'<!--' + b'x' * 1017 + b'-->') * 1024  # 1 MiB of comments: small nodes

    def chunks():
        yield head
        for _ in range(mib):
            yield pad
        yield b'</sheetData></worksheet>'
    package(out, None, None, sheet_bytes=chunks())
    if lie:
        # rewrite the sheet's uncompressed size in both headers to 1000 bytes:
        # a reader that trusts the header sees a small part
        data = bytearray(open(out, 'rb').read())
        name = b'xl/worksheets/sheet1.xml'
        for sig, off_size, off_name, extra_len in ((b'PK\x03\x04', 22, 30, 28), (b'PK\x01\x02', 24, 46, 30)):
            i = 0
            while True:
                i = data.find(sig, i)
                if i < 0:
                    break
                nlen = struct.unpack_from('<H', data, i + (26 if sig == b'PK\x03\x04' else 28))[0]
                if data[i + off_name:i + off_name + nlen] == name:
                    cur = struct.unpack_from('<I', data, i + off_size)[0]
                    if cur != 0xFFFFFFFF:
                        struct.pack_into('<I', data, i + off_size, 1000)
                    else:  # zip64: the size is in the extra field
                        ex = i + off_name + nlen
                        elen = struct.unpack_from('<H', data, i + extra_len)[0]
                        j = ex
                        while j < ex + elen:
                            tag, ln = struct.unpack_from('<HH', data, j)
                            if tag == 1:
                                struct.pack_into('<Q', data, j + 4, 1000)
                            j += 4 + ln
                i += 4
        open(out, 'wb').write(bytes(data))


def rows(out, n):
    def chunks():
        yield ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % NS).encode()
        block = []
        for r in range(1, n + 1):
            block.append('<row r="%d"/>' % r)
            if len(block) == 10000:
                yield ''.join(block).encode()
                block = []
        yield (''.join(block) + '</sheetData></worksheet>').encode()
    package(out, None, None, sheet_bytes=chunks())


def info(path):
    z = zipfile.ZipFile(path)
    wb = z.read('xl/workbook.xml').decode()
    print('sheets:', ','.join(re.findall(r'<sheet [^>]*name="([^"]*)"', wb)))
    s = z.read('xl/worksheets/sheet1.xml').decode()
    print('frozen:', 'yes' if re.search(r'<pane [^>]*state="frozen"', s) else 'no')
    for m in re.finditer(r'<dataValidation ([^>]*)>(.*?)</dataValidation>', s):
        attrs, body = m.groups()
        t = re.search(r'type="(\w+)"', attrs)
        sq = re.search(r'sqref="([^"]*)"', attrs)
        f1 = re.search(r'<formula1>(.*?)</formula1>', body)
        print('validation:', t.group(1) if t else '?', sq.group(1) if sq else '?',
              f1.group(1) if f1 else '')
    for m in re.finditer(r'<col ([^>]*)/>', s):
        a = m.group(1)
        if 'hidden="1"' in a:
            print('hidden col:', re.search(r'min="(\d+)"', a).group(1))
    print('autofilter:', 'yes' if '<autoFilter' in s else 'no')
    print('wrap:', 'yes' if 'wrapText="1"' in z.read('xl/styles.xml').decode() else 'no')


def main():
    a = sys.argv[1:]
    if a[0] == 'from-csv':
        from_csv(a[1], a[2], '--inline' in a, '--no-refs' not in a,
                 a[a.index('--sheet') + 1] if '--sheet' in a else 'Statements')
    elif a[0] == 'sheet':
        package(a[1], open(a[2]).read(), open(a[3]).read() if len(a) > 3 else None)
    elif a[0] == 'bomb':
        bomb(a[1], int(a[2]), '--lie' in a)
    elif a[0] == 'rows':
        rows(a[1], int(a[2]))
    elif a[0] == 'info':
        info(a[1])


if __name__ == '__main__':
    main()
