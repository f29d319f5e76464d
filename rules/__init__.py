"""The pure rules of the law: the working-day calendar, deadlines, fees, states and decision
codes. Nothing here imports a model or another app of this project; everything above may
import it."""
