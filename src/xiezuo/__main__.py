import sys

from xiezuo.cli import main

sys.exit(main())
