"""Decision letters: issuing and freezing, the letter data, the editable letter texts, the sample letter."""
