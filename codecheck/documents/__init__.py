"""Stage 1, documents: paths -> a PolicySet of parsed Documents, then -> the sound ones and the findings about the rest.

It reads files safely (files.py), parses YAML with positions (parse.py), reads
suppression comments, and validates each document against its kind's schema
(kinds.py, validate.py). It imports only codecheck's foundation (model,
language, errors, profile), never a later stage.
"""
