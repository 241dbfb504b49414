"""Demo data for Online Haat: its content, its pictures, and the seeder that writes it.

- data: the logins, the demo rows' phone and key prefixes, the catalogue tables.
- pictures: the drawn product pictures and shop logos (Pillow).
- progress: the text progress bar the loaders write.
- seed: DemoSeeder, run by ``manage.py seed_demo``; its stages are in shops and haats.

The benchmark's scale data (bench/) reuses the catalogue, the pictures and the progress
bar from here; nothing here imports bench or tests.
"""
