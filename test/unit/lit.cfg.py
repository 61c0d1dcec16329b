# GoogleTest unit tests of lib/, run by lit so that one run counts them all.
import lit.formats
config.name = "noos-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = config.noos_unit_dir
config.test_exec_root = config.noos_unit_dir
