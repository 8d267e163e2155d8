"""Understanding a question: its text → what is asked (a Question).

Takes the raw text a user typed, in any Unicode form, with or without diacritics, with typos and
abbreviations. Folds it (`folding`), takes out the periods (`periods`) and places (`places`), reads
the rest into concepts with one lexicon (`lexicon`, `question`) and ranks the knowledge's metrics
against those concepts (`matching`). Gives plain data: nothing here reads the knowledge file or
writes a reply.
"""
