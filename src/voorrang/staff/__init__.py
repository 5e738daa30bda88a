"""The corporation's staff pages: work queue, vacancies, seekers, buildings."""
