"""Packaging for fee_training_xblock: the XBlock, its Django app and its assets."""
import os
import re

from setuptools import find_namespace_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def load_requirements(*names):
    """Read requirement lines from requirements/<name>.in, following -r includes (constraints are not ranges)."""
    found = []
    for name in names:
        with open(os.path.join(HERE, "requirements", name), encoding="utf-8") as handle:
            for line in handle:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                if line.startswith("-c "):
                    continue
                if line.startswith("-r "):
                    found.extend(load_requirements(line[3:].strip()))
                else:
                    found.append(line)
    return found


def package_data(package, roots):
    """Every file under the given folders of the package, as package_data globs."""
    data = []
    for root in roots:
        for dirname, _, files in os.walk(os.path.join(package, root)):
            for fname in files:
                data.append(os.path.relpath(os.path.join(dirname, fname), package))
    return {package: data}


def read_version():
    """The version string from fee_training_xblock/__init__.py."""
    with open(os.path.join(HERE, "fee_training_xblock", "__init__.py"), encoding="utf-8") as handle:
        return re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)


setup(
    name="fee-training-xblock",
    version=read_version(),
    description="Paid access for Open edX: fees, card payments through Stripe, promo codes and subscription billing.",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_namespace_packages(include=["fee_training_xblock", "fee_training_xblock.*"]),
    install_requires=load_requirements("base.in"),
    extras_require={"test": load_requirements("test.in")},
    entry_points={
        "xblock.v1": ["fee_training = fee_training_xblock.block:FeeTrainingXBlock"],
        "lms.djangoapp": ["fee_training_xblock = fee_training_xblock.apps:FeeTrainingConfig"],
        "cms.djangoapp": ["fee_training_xblock = fee_training_xblock.apps:FeeTrainingConfig"],
        # LMS access control (fee_training_xblock/lms): one user partition per paid block.
        "openedx.user_partition_scheme": [
            "fee_training = fee_training_xblock.lms.partitions:FeeTrainingPartitionScheme",
        ],
        "openedx.dynamic_partition_generator": [
            "fee_training = fee_training_xblock.lms.partitions:create_fee_training_partitions",
        ],
    },
    # conf/locale: the catalogues (.po sources, compiled .mo); translations/ is the same folder under the name
    # the LMS's XBlockI18nService looks for (a link in git, real files in the wheel and the sdist).
    package_data={"fee_training_xblock": [*package_data("fee_training_xblock", ["static", "templates", "conf"])[
        "fee_training_xblock"], "translations/*/LC_MESSAGES/text.mo"]},
    include_package_data=True,
    zip_safe=False,
    classifiers=[
        "Framework :: Django",
        "Programming Language :: Python :: 3.11",
    ],
)
