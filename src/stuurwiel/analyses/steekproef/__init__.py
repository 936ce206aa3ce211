"""Audit sampling: sample sizes, upper limits, the seeded selection and the population it draws from.

Pure statistics (`grenzen`, `omvang`, `evaluatie`, `trekking`) beside the one query of the store
(`populatie`). The numbers equal the published tables: AICPA *Audit Guide: Audit Sampling* (2017)
appendix A (attribute sampling, binomial) and appendix C (monetary unit sampling, Poisson), and
Touw & Hoogduin, *Statistiek voor audit en controlling* (2011); docs/steekproef.md says which cells
the tests check against which source.
"""
