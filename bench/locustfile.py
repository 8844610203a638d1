"""Locust users for bench/load.py: coordinators and administrators browsing lists,
details, searches and the overview pages, with 1–3 s of thinking between clicks."""

import json
import os
import random

from locust import HttpUser, between, task

SURNAMES = "王李张刘陈杨黄赵吴周"


class Browser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = "admin"

    def on_start(self):
        # Signed in beforehand (bench/load.py makes the sessions): signing in hashes the
        # password with Argon2, which is slow by design and not what is measured here.
        sessions = json.loads(os.environ["XIEZUO_LOAD_SESSIONS"])
        self.client.cookies.set("sessionid", sessions[self.username])
        # Records inside the coordinator's scope (the administrator sees them too).
        self.people = sessions["people"]
        self.organisations = sessions["organisations"]

    @task(3)
    def people_list(self):
        self.client.get(f"/people/?page={random.randint(1, 40)}", name="list: people")

    @task(2)
    def organisation_list(self):
        self.client.get("/organisations/", name="list: organisations")

    @task(3)
    def person_detail(self):
        self.client.get(f"/people/{random.choice(self.people)}/", name="detail: person")

    @task(2)
    def organisation_detail(self):
        self.client.get(f"/organisations/{random.choice(self.organisations)}/", name="detail: organisation")

    @task(3)
    def search(self):
        self.client.get(f"/people/?q={random.choice(SURNAMES)}", name="search: people")

    @task(1)
    def search_organisations(self):
        self.client.get("/organisations/?q=医院", name="search: organisations")

    @task(2)
    def overview(self):
        self.client.get("/", name="dashboard: home")

    @task(2)
    def exchange_overview(self):
        self.client.get("/exchange/", name="dashboard: exchange")

    @task(1)
    def insights_dashboard(self):
        # The widest pairing in the user's scope, the current year (issue 5).
        self.client.get("/insights/", name="dashboard: insights")

    @task(1)
    def annual_report(self):
        self.client.get("/insights/report/", name="annual report")


class Coordinator(Browser):
    weight = 7
    username = "shandong"


class Administrator(Browser):
    weight = 3
    username = "admin"


class Baseline(HttpUser):
    """The same number of users on a page that does no database work (run alone)."""

    wait_time = between(1, 3)

    @task
    def login_page(self):
        self.client.get("/accounts/login/", name="baseline: login page")
