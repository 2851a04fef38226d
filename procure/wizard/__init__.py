"""The guided form: a buyer builds a tender step by step."""
