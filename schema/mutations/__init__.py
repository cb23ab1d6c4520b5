"""Mutations: each takes one ``input`` object and returns a payload object."""
