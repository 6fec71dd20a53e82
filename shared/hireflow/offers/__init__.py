"""Offers: the terms HR drafts from a branch's offer template, the approval chain they pass,
the letter the candidate reads and signs, and the sealed, signed PDF that is kept."""
