"""ReportLab documents: the beschikking letters and the evaluation reports (data in, bytes out).

No database and no Qt here: services build the plain data objects, these modules render them.
"""
