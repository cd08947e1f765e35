"""Tests of the translations: catalogues, the dummy language, Polish and Ukrainian."""
