"""The archived case file (一件一档; statute.md "Archiving", letters.md ``case_file_cover``).

One PDF, built once when the case is archived and stored as a :class:`~letters.models.CaseFile`:

1. the cover (案卷封面): agency, case number, applicant, dates, decision, retention period;
2. the 卷内目录: every document, numbered, with its page range, grouped in the statute's order
   (application and identity proof, register record, receipt, correction / extension /
   consultation documents and answers, assistance documents, department answers with their
   confidentiality review, the signed draft, the reply, delivery), then other material and
   the audit trail;
3. the documents: issued letters as stored (their PDFs, checked against their SHA-256),
   uploaded PDFs, images placed on A4 pages, other files (Word, Excel) as a page naming the
   file and its SHA-256 with the file itself attached to the PDF, and generated pages for
   records that are not letters (the register, department and consultation answers, the
   signed draft, the audit trail).

The documents are numbered 1..n in the top right corner, as archivists number a 卷; the cover
and the 卷内目录 are not numbered. The page ranges are taken after the documents are composed.

The output depends only on the case's record: reportlab runs with ``invariant=1``, pypdf's
writer adds no time or random ID, and the audit trail stops before the ``archive`` event, so
rendering an archived case again gives the same bytes.

Three modules: ``collect`` reads the record and the stored files (hash-checked) into documents
in order, ``pages`` renders the generated pages, the cover and the contents, ``compose`` puts
them into one PDF and builds the stored case file after the ``archive`` commit.
"""
