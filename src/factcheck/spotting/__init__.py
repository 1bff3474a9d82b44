"""spotting"""
