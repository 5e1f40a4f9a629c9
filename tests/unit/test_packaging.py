"""The wheel carries what Horizon needs besides the Python modules."""

import pathlib
import subprocess
import sys
import tempfile
import unittest
import zipfile

REPO = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = REPO / 'trove_ds_dashboard'


def tracked_files(suffixes):
    listed = subprocess.run(
        ['git', 'ls-files', 'trove_ds_dashboard'], cwd=REPO, check=True,
        capture_output=True, text=True).stdout.split()
    return {name for name in listed if name.endswith(suffixes)}


@unittest.skipUnless((REPO / '.git').exists(),
                     'pbr needs the git checkout to list package data')
class WheelTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        subprocess.run(
            [sys.executable, '-m', 'pip', 'wheel', '--no-deps',
             '--quiet', '-w', cls.folder.name,
             str(REPO)], check=True)
        [wheel] = pathlib.Path(cls.folder.name).glob('*.whl')
        with zipfile.ZipFile(wheel) as archive:
            cls.names = set(archive.namelist())

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_wheel_has_templates(self):
        templates = tracked_files(('.html',))

        self.assertTrue(templates)
        self.assertLessEqual(templates, self.names)

    def test_wheel_has_static_and_locale(self):
        data = tracked_files(('.js', '.pot', '.po'))

        self.assertIn('trove_ds_dashboard/static/trove_ds_dashboard/js/'
                      'version-form.js', data)
        self.assertIn('trove_ds_dashboard/locale/django.pot', data)
        self.assertLessEqual(data, self.names)

    def test_wheel_has_enabled_files(self):
        enabled = {'trove_ds_dashboard/enabled/' + path.name
                   for path in (PACKAGE / 'enabled').glob('_[0-9]*.py')}

        self.assertEqual(2, len(enabled))
        self.assertLessEqual(enabled, self.names)

    def test_wheel_has_no_tests(self):
        self.assertFalse([name for name in self.names
                          if name.startswith('tests/')])
